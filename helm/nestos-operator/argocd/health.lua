-- ArgoCD health check for OSVersion, NodeConfig and RubikPolicy (kstatus conditions, docs/design.md §3).
-- Register it in argocd-cm for each kind, e.g.
--   resource.customizations.health.nestos.openeuler.org_OSVersion: |
--     <this file>
local hs = { status = "Progressing", message = "Waiting for the NestOS operator" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local generation = obj.metadata.generation or 0
if obj.status.observedGeneration ~= nil and obj.status.observedGeneration < generation then
  hs.message = "The operator has not observed generation " .. generation .. " yet"
  return hs
end
local byType = {}
for _, c in ipairs(obj.status.conditions) do
  byType[c.type] = c
end
local function describe(c)
  local text = c.reason or c.type
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end
local stalled, ready, reconciling = byType["Stalled"], byType["Ready"], byType["Reconciling"]
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
elseif ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
elseif reconciling ~= nil and reconciling.status == "True" and reconciling.reason == "Paused" then
  hs.status = "Suspended"
  hs.message = describe(reconciling)
elseif reconciling ~= nil and reconciling.status == "True" then
  hs.message = describe(reconciling)
end
return hs
