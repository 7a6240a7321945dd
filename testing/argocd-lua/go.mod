// Runs the chart's Argo CD health script (helm/nestos-operator/argocd/health.lua) in gopher-lua, the Lua VM
// Argo CD embeds, the way Argo CD calls a resource.customizations health script. Not product code: the helm
// module's ArgoCdHealthTest drives it (go run, or a binary built once into target/).
module nestos.openeuler.org/testing/argocd-lua

go 1.23

require github.com/yuin/gopher-lua v1.1.2
