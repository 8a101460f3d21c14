{{- define "common.labels" -}}
app.kubernetes.io/name: {{ .name }}
topology.example.com/zone: {{ .zone | default "none" }}
{{- end }}
