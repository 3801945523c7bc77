{{/* ---------------------------------------------------------------- names */}}

{{- define "reconnect.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Every resource name starts from the release name, so two regions can share a namespace. */}}
{{- define "reconnect.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "reconnect.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "reconnect.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The name of one service's objects: (dict "root" $ "name" "identity") */}}
{{- define "reconnect.componentName" -}}
{{- printf "%s-%s" (include "reconnect.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* ---------------------------------------------------------------- labels */}}

{{- define "reconnect.selectorLabels" -}}
app.kubernetes.io/name: {{ include "reconnect.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "reconnect.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "reconnect.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: reconnect
{{- end }}

{{/* Selector of one service's serving pods (never its hook Jobs): (dict "root" $ "name" n) */}}
{{- define "reconnect.componentSelectorLabels" -}}
{{ include "reconnect.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "reconnect.componentLabels" -}}
{{ include "reconnect.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/*
The network identity of a pod: a service's pods and its hook Jobs share it, so a
migration Job may reach the database its service may reach, and nothing more.
*/}}
{{- define "reconnect.networkLabel" -}}
reconnect.io/network-role: {{ .name }}
{{- end }}

{{/* ---------------------------------------------------------------- services */}}

{{/*
The gRPC services (every entry of .Values.services but the gateway) with grpcDefaults
merged under each, as YAML: use with `include "reconnect.grpcServices" $ | fromYaml`.
*/}}
{{- define "reconnect.grpcServices" -}}
{{- $out := dict }}
{{- range $name, $svc := .Values.services }}
{{- if ne $name "gateway" }}
{{- $merged := mergeOverwrite (deepCopy $.Values.grpcDefaults) (deepCopy $svc) }}
{{- $_ := set $merged "module" (default (printf "services.%s" $name) $svc.module) }}
{{- $_ := set $out $name $merged }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/*
Who may call a gRPC service: its `callers`, and for identity every other workload
(each verifies tokens against identity's published keys). (dict "root" $ "name" n "svc" s)
*/}}
{{- define "reconnect.callers" -}}
{{- $callers := list }}
{{- range .svc.callers }}{{ $callers = append $callers . }}{{ end }}
{{- if eq .name "identity" }}
{{- range $other, $_ := .root.Values.services }}
{{- if ne $other "identity" }}{{ $callers = append $callers $other }}{{ end }}
{{- end }}
{{- end }}
{{- toYaml (uniq $callers | sortAlpha) }}
{{- end }}

{{/* host:port of a gRPC service's Service: (dict "root" $ "name" n "svc" s) */}}
{{- define "reconnect.grpcAddress" -}}
{{- printf "%s.%s.svc.%s:%v" (include "reconnect.componentName" .) .root.Release.Namespace .root.Values.clusterDomain .svc.grpcPort }}
{{- end }}

{{- define "reconnect.identityAddress" -}}
{{- $grpc := include "reconnect.grpcServices" . | fromYaml }}
{{- include "reconnect.grpcAddress" (dict "root" . "name" "identity" "svc" $grpc.identity) }}
{{- end }}

{{- define "reconnect.natsUrl" -}}
{{- if .Values.eventBus.url }}
{{- .Values.eventBus.url }}
{{- else }}
{{- /* The NATS chart names its client Service after the release (nats.fullname). */}}
{{- printf "nats://%s-nats.%s.svc.%s:%v" .Release.Name .Release.Namespace .Values.clusterDomain .Values.eventBus.port }}
{{- end }}
{{- end }}

{{- define "reconnect.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- pods */}}

{{/* The image's user is 10001; fsGroup makes the emptyDir writable for it. */}}
{{- define "reconnect.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "reconnect.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The only writable place: gunicorn's worker files, prometheus multiprocess files, temp files. */}}
{{- define "reconnect.volumes" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 64Mi
- name: tenants
  configMap:
    name: {{ include "reconnect.fullname" . }}-tenants
{{- end }}

{{- define "reconnect.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: tenants
  mountPath: /config
  readOnly: true
{{- end }}

{{/* Env every process of the region shares. */}}
{{- define "reconnect.commonEnv" -}}
- name: RECONNECT_ENVIRONMENT
  value: production
- name: RECONNECT_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: RECONNECT_NATS_URL
  value: {{ include "reconnect.natsUrl" . | quote }}
- name: RECONNECT_IDENTITY_ADDRESS
  value: {{ include "reconnect.identityAddress" . | quote }}
- name: RECONNECT_TENANTS_FILE
  value: /config/tenants.json
{{- end }}

{{/* What a gRPC service (and its hook Jobs) needs: (dict "root" $ "name" n "svc" s) */}}
{{- define "reconnect.grpcEnv" -}}
{{ include "reconnect.commonEnv" .root }}
- name: RECONNECT_GRPC_HOST
  value: 0.0.0.0
- name: RECONNECT_GRPC_PORT
  value: {{ .svc.grpcPort | quote }}
- name: RECONNECT_METRICS_PORT
  value: {{ .svc.metricsPort | quote }}
{{- /* Where the other gRPC services are (network policies decide who may call whom). */}}
{{- $root := .root }}
{{- range $other, $otherSvc := include "reconnect.grpcServices" .root | fromYaml }}
{{- if ne $other "identity" }}
- name: RECONNECT_{{ $other | upper | replace "-" "_" }}_ADDRESS
  value: {{ include "reconnect.grpcAddress" (dict "root" $root "name" $other "svc" $otherSvc) | quote }}
{{- end }}
{{- end }}
- name: RECONNECT_MASTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.secrets.masterKey.existingSecret }}
      key: {{ .root.Values.secrets.masterKey.key }}
{{- with .svc.database }}
- name: RECONNECT_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: {{ .key | default "url" }}
{{- end }}
{{- include "reconnect.serviceEnv" . }}
{{- range $key, $value := .svc.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- end }}

{{/*
Env only one service reads, by service name: (dict "root" $ "name" n "svc" s). Part of
reconnect.grpcEnv, so a service's Deployment and its hook Jobs (migrate; identity's
bootstrap, which hashes national ID numbers too) always see the same values.
*/}}
{{- define "reconnect.serviceEnv" -}}
{{- if eq .name "identity" }}{{ include "reconnect.identityEnv" .root }}{{ end }}
{{- end }}

{{/* Identity's sign-in with electronic ID: the providers, and the national ID hash key. */}}
{{- define "reconnect.identityEnv" -}}
{{- with .Values.oidc }}
{{- if .providers }}
{{- $providers := list }}
{{- range .providers }}
{{- $p := dict "name" .name "issuer" .issuer "client_id" .clientId "roles" .roles }}
{{- with .acrLevels }}{{ $_ := set $p "acr_levels" . }}{{ end }}
{{- with .nationalIdClaim }}{{ $_ := set $p "national_id_claim" . }}{{ end }}
{{- $providers = append $providers $p }}
{{- end }}
- name: RECONNECT_OIDC_PROVIDERS
  value: {{ toJson $providers | quote }}
{{- end }}
{{- /* Whenever it is set, providers or not: accounts made with a national ID (the
bootstrap, an admin) are hashed with it too, and must stay findable later. */}}
{{- if .nationalIdKey.existingSecret }}
- name: RECONNECT_NATIONAL_ID_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .nationalIdKey.existingSecret }}
      key: {{ .nationalIdKey.key | default "national-id-key" }}
{{- end }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- checks */}}

{{/* What the schema cannot say; each message names the value to fix. */}}
{{- define "reconnect.validate" -}}
{{- $slugs := dict }}
{{- $hosts := dict }}
{{- range .Values.tenants }}
{{- if hasKey $slugs .slug }}{{ fail (printf "tenants: slug %q appears twice" .slug) }}{{ end }}
{{- if hasKey $hosts .host }}{{ fail (printf "tenants: host %q appears twice" .host) }}{{ end }}
{{- $_ := set $slugs .slug true }}
{{- $_ := set $hosts .host true }}
{{- end }}
{{- if not (hasKey .Values.services "identity") }}
{{- fail "services.identity: required (every service verifies tokens against it)" }}
{{- end }}
{{- if and (not .Values.nats.enabled) (not .Values.eventBus.url) }}
{{- fail "eventBus.url: required unless nats.enabled=true (the bundled NATS)" }}
{{- end }}
{{- if and .Values.networkPolicy.enabled (not .Values.nats.enabled) (not .Values.eventBus.peers) }}
{{- fail "eventBus.peers: required with networkPolicy.enabled and an external NATS (who the services may connect to)" }}
{{- end }}
{{- if and .Values.networkPolicy.enabled (not .Values.database.cidrs) }}
{{- fail "database.cidrs: required with networkPolicy.enabled (where PostgreSQL is, for the egress policy)" }}
{{- end }}
{{- if and .Values.nats.enabled (not (hasKey .Subcharts "nats")) }}
{{- fail "nats.enabled=true but the nats chart is not in charts/: run `helm dependency build` first" }}
{{- end }}
{{- with .Values.ingress }}
{{- if and .enabled (not .tls.existingSecret) (not .tls.certManager.clusterIssuer) (not .tls.certManager.issuer) }}
{{- fail "ingress.tls: set certManager.clusterIssuer, certManager.issuer or existingSecret (the portal is served over HTTPS only)" }}
{{- end }}
{{- end }}
{{- with .Values.oidc }}
{{- if .providers }}
{{- $names := dict }}
{{- range .providers }}
{{- if hasKey $names .name }}{{ fail (printf "oidc.providers: name %q appears twice" .name) }}{{ end }}
{{- $_ := set $names .name true }}
{{- end }}
{{- if not .clients.existingSecret }}
{{- fail "oidc.clients.existingSecret: required with oidc.providers (the Secret with the gateway's RECONNECT_OIDC_CLIENTS JSON; a public client is listed with \"auth_method\": \"none\")" }}
{{- end }}
{{- /* The chart always runs RECONNECT_ENVIRONMENT=production. */}}
{{- if not .nationalIdKey.existingSecret }}
{{- fail "oidc.nationalIdKey.existingSecret: required with oidc.providers in production (the key of the national ID hash; without it the hash hangs on the master key)" }}
{{- end }}
{{- if and $.Values.networkPolicy.enabled (not .egressCidrs) }}
{{- fail "oidc.egressCidrs: required with networkPolicy.enabled and oidc.providers (where the providers are, for the egress policy of the gateway and identity)" }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name, $w := include "reconnect.workloads" . | fromYaml }}
{{- range $key := list "RECONNECT_OIDC_PROVIDERS" "RECONNECT_NATIONAL_ID_KEY" "RECONNECT_OIDC_CLIENTS" }}
{{- if hasKey (default dict $w.env) $key }}
{{- fail (printf "services.%s.env.%s: set it with the oidc block, not as a plain value" $name $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- $grpc := include "reconnect.grpcServices" . | fromYaml }}
{{- range $name, $svc := $grpc }}
{{- range $svc.callers }}
{{- if not (hasKey $.Values.services .) }}
{{- fail (printf "services.%s.callers: %q is not a service of this chart" $name .) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* Every workload (the gRPC services and the gateway), name -> settings, as YAML. */}}
{{- define "reconnect.workloads" -}}
{{- $all := include "reconnect.grpcServices" . | fromYaml }}
{{- with .Values.services.gateway }}{{ $_ := set $all "gateway" . }}{{ end }}
{{- toYaml $all }}
{{- end }}
