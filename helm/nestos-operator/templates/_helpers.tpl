{{- define "nestos.labels" -}}
app.kubernetes.io/name: nestos-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "nestos.operatorImage" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "nestos.daemonImage" -}}
{{ .Values.daemon.image.repository }}:{{ .Values.daemon.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/*
ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) is served from Kubernetes 1.30. A policy the values ask
for on an older cluster (or one that does not serve the API) fails the render with what to do, instead of
installing the chart without the protection silently.
*/}}
{{- define "nestos.requireAdmissionPolicyApi" -}}
{{- /* a live cluster's discovery lists kinds; helm template knows only group versions and --kube-version */ -}}
{{- $served := .Capabilities.APIVersions.Has "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy" -}}
{{- $new := and (semverCompare ">=1.30.0-0" .Capabilities.KubeVersion.Version) (.Capabilities.APIVersions.Has "admissionregistration.k8s.io/v1") -}}
{{- if not (or $served $new) -}}
{{- fail (printf "this cluster (Kubernetes %s) does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (Kubernetes >= 1.30), which daemon.nodeScopedAdmissionPolicy and operator.grantAdmissionPolicy need. Upgrade the cluster, or install without the policies: --set daemon.nodeScopedAdmissionPolicy=false --set operator.grantAdmissionPolicy=false (docs/install.md, security: a daemon may then write any NodeState's status, an admin may hand-write a disruption grant)" .Capabilities.KubeVersion.Version) -}}
{{- end -}}
{{- end -}}

{{- define "nestos.selectorLabels" -}}
app.kubernetes.io/name: nestos-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* imagePullSecrets of the operator and daemon pods: the chart's list, then global.imagePullSecrets (as an
umbrella chart passes them: names or {name: ...}), without repeats. */}}
{{- define "nestos.imagePullSecrets" -}}
{{- $names := list -}}
{{- range (concat (.Values.imagePullSecrets | default list) ((.Values.global).imagePullSecrets | default list)) -}}
{{- $name := (kindIs "map" .) | ternary (get (kindIs "map" . | ternary . dict) "name") . -}}
{{- if not (has $name $names) -}}{{- $names = append $names $name -}}{{- end -}}
{{- end -}}
{{- with $names -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end -}}
{{- end -}}
