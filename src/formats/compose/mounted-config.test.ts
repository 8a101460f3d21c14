import { describe, expect, it } from "vitest";
import { composeFormat } from "./index.js";
import { extract } from "./__fixtures__/extract.js";

const calls = (graph: { edges: { from: string; to: string }[] }) =>
  graph.edges.map((edge) => `${edge.from}->${edge.to}`).sort();

const SERVICES = `  api: {build: ./api}
  web: {build: ./web}
  admin: {build: ./admin}
  old: {build: ./old}
`;

describe("proxies configured by a mounted file", () => {
  it("reads nginx, Envoy, HAProxy, Caddy, Traefik, YARP and Ocelot files mounted from the repository", async () => {
    const result = await extract({
      "deploy/compose.yaml": `services:
  nginx:
    image: nginx:1.27
    volumes: ["./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro"]
  envoy:
    image: envoyproxy/envoy:v1.30
    volumes: [{type: bind, source: ./envoy, target: /etc/envoy}]
  haproxy:
    image: haproxy:2.9
    volumes: ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg"]
  caddy:
    image: caddy:2
    volumes: ["./Caddyfile:/etc/caddy/Caddyfile"]
  traefik:
    image: traefik:3
    volumes: ["./traefik/dynamic.yml:/etc/traefik/dynamic.yml"]
  yarp:
    build: ./yarp
    volumes: ["./yarp/appsettings.json:/app/appsettings.json"]
  ocelot:
    build: ./ocelot
    volumes: ["./ocelot.json:/app/ocelot.json"]
${SERVICES}`,
      "deploy/nginx/default.conf": `upstream backend {
    server api:8080;
}
server {
    listen 80;
    location / { proxy_pass http://web:3000; }
    location /api { proxy_pass http://backend; }
    # location /old { proxy_pass http://old:80; }
}
`,
      "deploy/envoy/envoy.yaml": `static_resources:
  listeners:
  - address:
      socket_address: { address: 0.0.0.0, port_value: 10000 }
  clusters:
  - name: api
    load_assignment:
      cluster_name: api
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              socket_address:
                address: api
                port_value: 8080
`,
      "deploy/haproxy.cfg": "backend be_web\n    server web1 web:3000 check\n",
      "deploy/Caddyfile": "shop.example.com {\n\treverse_proxy /admin/* admin:9000\n}\n",
      "deploy/traefik/dynamic.yml": `http:
  services:
    web:
      loadBalancer:
        servers:
          - url: "http://web:3000"
`,
      "deploy/yarp/appsettings.json": `{"ReverseProxy": {"Clusters": {"api": {"Destinations": {
  "d1": {"Address": "http://api:8080"}
}}}}}
`,
      "deploy/ocelot.json": `{"Routes": [{"DownstreamHostAndPorts": [
  {"Host": "admin", "Port": 9000}
]}]}
`,
    });
    const graph = result.systems[0]!;
    expect(calls(graph)).toEqual([
      "caddy->admin",
      "envoy->api",
      "haproxy->web",
      "nginx->api",
      "nginx->web",
      "ocelot->admin",
      "traefik->web",
      "yarp->api",
    ]);
    const nginxToApi = graph.edges.find((edge) => edge.from === "nginx" && edge.to === "api")!;
    expect(nginxToApi.evidence[0]).toMatchObject({
      rule: "compose/mounted-config",
      file: "deploy/nginx/default.conf",
      line: 2,
    });
    expect(graph.edges.find((edge) => edge.from === "envoy")!.evidence[0]!.line).toBe(14);
  });

  it("reads a folder mounted with a trailing slash as the same folder without one", async () => {
    const result = await extract({
      "compose.yaml": `services:
  caddy:
    image: caddy:2
    volumes: ["./caddy/:/etc/caddy/"]
  prometheus:
    image: prom/prometheus
    volumes: [{type: bind, source: ./prometheus/, target: /etc/prometheus/}]
  api: {build: ./api}
  pushgateway: {image: prom/pushgateway}
`,
      "caddy/Caddyfile": ":9091 {\n\treverse_proxy pushgateway:9091\n}\n",
      "prometheus/prometheus.yml": `scrape_configs:
  - job_name: api
    static_configs:
      - targets: ['api:8080', 'pushgateway:9091']
`,
    });
    expect(calls(result.systems[0]!)).toEqual([
      "caddy->pushgateway",
      "prometheus->api",
      "prometheus->pushgateway",
    ]);
    const caddy = result.systems[0]!.edges.find((edge) => edge.from === "caddy")!;
    expect(caddy.evidence[0]).toMatchObject({ file: "caddy/Caddyfile", line: 2, rule: "compose/mounted-config" });
  });

  it("does not take the JSON Schema a mounted file names for a call", async () => {
    const result = await extract({
      "compose.yaml": `services:
  flags:
    image: acme/flags
    volumes: ["./flags:/etc/flags"]
  api: {build: ./api}
`,
      "flags/flags.json": `{
  "$schema": "https://flags.example.org/schema/v0/flags.json",
  "$ref": "https://flags.example.org/schema/v0/common.json",
  "webhook": "http://api:8080/flags-changed"
}
`,
    });
    expect(calls(result.systems[0]!)).toEqual(["flags->api"]);
  });

  it("reads hosts listed as YAML list items and in flow lists, as Prometheus' scrape targets are", async () => {
    const result = await extract({
      "compose.yaml": `services:
  prometheus:
    image: prom/prometheus
    volumes: ["./prometheus.yml:/etc/prometheus/prometheus.yml"]
  cadvisor: {image: gcr.io/cadvisor/cadvisor}
  node_exporter: {image: prom/node-exporter}
  api: {build: ./api}
  grafana: {image: grafana/grafana}
`,
      "prometheus.yml": `global:
  scrape_interval: 15s
scrape_configs:
  - job_name: cadvisor
    static_configs:
    - targets: ['cadvisor:8080', "node_exporter:9100"]
  - job_name: api
    static_configs:
      - targets:
          - api:8080
          - "grafana:3000"
`,
    });
    expect(calls(result.systems[0]!)).toEqual([
      "prometheus->api",
      "prometheus->cadvisor",
      "prometheus->grafana",
      "prometheus->node_exporter",
    ]);
    const api = result.systems[0]!.edges.find((edge) => edge.to === "api")!;
    expect(api.evidence[0]).toMatchObject({
      file: "prometheus.yml",
      line: 10,
      rule: "compose/scrape-target",
    });
    // Prometheus pulls on its own schedule: no request waits for a scrape.
    expect(new Set(result.systems[0]!.edges.map((edge) => edge.kind))).toEqual(new Set(["async"]));
  });

  it("does not read the project's own folder mounted as source, nor files outside the mount", async () => {
    const result = await extract({
      "compose.yaml": `services:
  dev:
    build: .
    volumes: [".:/app", "./conf/dev.conf:/etc/dev.conf"]
${SERVICES}`,
      "conf/dev.conf": "upstream_host = api\n",
      "conf/other.conf": "upstream_host = web\n",
      "app.toml": "backend_url = 'http://old:80'\n",
    });
    expect(calls(result.systems[0]!)).toEqual(["dev->api"]);
  });

  it("claims the configuration files proxies read", () => {
    for (const path of [
      "nginx/nginx.conf",
      "haproxy.cfg",
      "traefik.toml",
      "Caddyfile",
      "default.conf.template",
    ])
      expect(composeFormat.claims(path)).toBe(true);
    expect(composeFormat.claims("README.md")).toBe(false);
  });
});

describe("start-up order is not a call", () => {
  const compose = `services:
  agg:
    build: ./agg
    depends_on: [orders, ordersdb, bus]
    environment:
      ORDERS_URL: http://orders
  orders:
    build: ./orders
    depends_on: [ordersdb, bus]
    environment:
      ConnectionStrings__Db: "Server=ordersdb;Database=o"
      ConnectionStrings__EventBus: bus
  worker:
    build: ./worker
    depends_on: [bus]
  ordersdb: {image: postgres:16}
  bus: {image: rabbitmq:3}
`;

  it("keeps a depends_on target the configuration names nowhere off the request path, and says why", async () => {
    const result = await extract({ "compose.yaml": compose });
    expect(calls(result.systems[0]!)).toEqual([
      "agg->orders",
      "orders->bus",
      "orders->ordersdb",
      "worker->bus",
    ]);
    expect(result.notes).toContainEqual(
      expect.stringMatching(/compose\/start-order: agg .*ordersdb, bus.*names only orders/),
    );
  });

  it("shows the start-up order in the evidence of the calls the configuration names", async () => {
    const result = await extract({ "compose.yaml": compose });
    const agg = result.systems[0]!.edges.find((edge) => edge.from === "agg" && edge.to === "orders")!;
    expect(agg.evidence.map((found) => found.rule)).toEqual([
      "compose/depends-on",
      "compose/env-host",
      "compose/start-order",
    ]);
    expect(agg.evidence[2]).toMatchObject({
      file: "compose.yaml",
      line: 4,
      detail: "depends_on ordersdb, bus: start-up order, not a call, as the configuration names only orders",
    });
    const worker = result.systems[0]!.edges.find((edge) => edge.from === "worker")!;
    expect(worker.evidence.map((found) => found.rule)).toEqual(["compose/depends-on"]);
  });

  it("keeps depends_on as a call, saying so, when the service's configuration names no other service", async () => {
    const result = await extract({ "compose.yaml": compose });
    const worker = result.systems[0]!.edges.find((edge) => edge.from === "worker")!;
    expect(worker.evidence[0]!.detail).toMatch(/names no other service/);
  });
});

describe("depends_on a service that fills a volume", () => {
  const compose = `services:
  web:
    image: acme/analytics
    depends_on: [db, geoip]
    volumes:
      - geo:/geo:ro
  db:
    image: postgres:16
    volumes:
      - db-data:/var/lib/postgresql/data
  geoip:
    image: maxmindinc/geoipupdate
    volumes:
      - geo:/usr/share/GeoIP
volumes:
  geo: {}
  db-data: {}
`;

  it("is start-up order when the depender only reads a named volume the target writes", async () => {
    const result = await extract({ "compose.yaml": compose });
    expect(calls(result.systems[0]!)).toEqual(["web->db"]);
    expect(result.notes).toContainEqual(
      expect.stringMatching(/compose\/start-order: web .*depends_on geoip: .*only reads volume geo/),
    );
  });

  it("stays a call when the depender is a reverse proxy serving the files its application writes", async () => {
    const proxied = `services:
  nginx:
    image: nginx:1.27-alpine
    command: nginx -c /etc/app-nginx/nginx.conf
    depends_on: [app]
    ports: ["8080:8080"]
    volumes:
      - static:/srv/static:ro
      - nginx-config:/etc/app-nginx:ro
  app:
    image: acme/app
    volumes:
      - static:/srv/app/static
      - nginx-config:/etc/app-nginx
volumes:
  static: {}
  nginx-config: {}
`;
    const result = await extract({ "compose.yaml": proxied });
    expect(calls(result.systems[0]!)).toEqual(["nginx->app"]);
    expect(result.notes.filter((note) => note.includes("start-order"))).toEqual([]);
  });

  it("stays a call when the depender can write the shared volume", async () => {
    const writable = compose.replace("geo:/geo:ro", "geo:/geo");
    const result = await extract({ "compose.yaml": writable });
    expect(calls(result.systems[0]!)).toEqual(["web->db", "web->geoip"]);
  });
});

describe("proxies configured by a file their own Dockerfile copies", () => {
  it("reads nginx.conf copied from the build context, citing the config line and the COPY line", async () => {
    const result = await extract({
      "compose.yaml": `services:
  proxy:
    build: ./reverse_proxy
    ports: ["80:80"]
${SERVICES}`,
      "reverse_proxy/Dockerfile": `FROM nginx:1.27
# the proxy's configuration
COPY nginx.conf /etc/nginx/nginx.conf
`,
      "reverse_proxy/nginx.conf": `http {
  server {
    location / { proxy_pass http://api:8080; }
  }
}
`,
    });
    const system = result.systems[0]!;
    expect(calls(system)).toEqual(["proxy->api"]);
    const evidence = system.edges[0]!.evidence.find((item) => item.rule === "compose/copied-config")!;
    expect(evidence.file).toBe("reverse_proxy/nginx.conf");
    expect(evidence.line).toBe(3);
    expect(evidence.detail).toContain("reverse_proxy/Dockerfile:3");
    expect(result.warnings.filter((warning) => warning.id === "compose/copied-config-missing")).toEqual([]);
  });

  it("resolves the dockerfile option, several sources, a folder and a glob into conf.d, as Docker does", async () => {
    const result = await extract({
      "deploy/compose.yaml": `services:
  gateway:
    build:
      context: ../proxy
      dockerfile: docker/Proxy.Dockerfile
${SERVICES}`,
      "proxy/docker/Proxy.Dockerfile": `FROM nginx:1.27 AS base
FROM node:20 AS assets
COPY old.conf /etc/nginx/conf.d/
FROM base
WORKDIR /etc/nginx
COPY --chown=nginx:nginx a.conf \\
     /b.conf conf.d/
COPY ["sites", "/etc/nginx/conf.d/"]
COPY *.tpl.conf /etc/nginx/templates/
COPY --from=assets /etc/nginx/conf.d/old.conf /etc/nginx/conf.d/
COPY app.conf /srv/app.conf
`,
      "proxy/a.conf": "location /a { proxy_pass http://api:8080; }\n",
      "proxy/b.conf": "location /b { proxy_pass http://web:3000; }\n",
      "proxy/sites/admin.conf": "upstream admin_up {\n  server admin:9000;\n}\n",
      "proxy/x.tpl.conf": "location /x { proxy_pass http://old:80; }\n",
      "proxy/old.conf": "location /old { proxy_pass http://old:80; }\n",
      "proxy/app.conf": "location /old { proxy_pass http://old:80; }\n",
    });
    const system = result.systems[0]!;
    expect(calls(system)).toEqual(["gateway->admin", "gateway->api", "gateway->old", "gateway->web"]);
    const old = system.edges.find((edge) => edge.to === "old")!;
    expect(old.evidence.map((item) => item.file)).toEqual(["proxy/x.tpl.conf"]);
  });

  it("warns with a stable id, file and line when a copied source is not among the files read", async () => {
    const result = await extract({
      "compose.yaml": `services:
  proxy:
    build: {context: ., dockerfile: proxy.Dockerfile}
${SERVICES}`,
      "proxy.Dockerfile": "FROM nginx\n\nADD missing.conf /etc/nginx/conf.d/default.conf\n",
    });
    expect(calls(result.systems[0]!)).toEqual([]);
    const warnings = result.warnings.filter((warning) => warning.id === "compose/copied-config-missing");
    expect(warnings.map((warning) => `${warning.file}:${warning.line}`)).toEqual(["proxy.Dockerfile:3"]);
  });

  it("reads a source with bracket and regular-expression characters as its literal name", async () => {
    const result = await extract({
      "compose.yaml": `services:
  proxy:
    build: ./proxy
${SERVICES}`,
      "proxy/Dockerfile":
        "FROM nginx\nCOPY site[(.conf /etc/nginx/conf.d/\nCOPY *[x].conf /etc/nginx/conf.d/\n",
      "proxy/site[(.conf": "location / { proxy_pass http://api:8080; }\n",
      "proxy/a[x].conf": "location / { proxy_pass http://web:3000; }\n",
    });
    expect(result.warnings.map((warning) => warning.id)).not.toContain("compose/failed");
    expect(calls(result.systems[0]!)).toEqual(["proxy->api", "proxy->web"]);
  });

  it("ignores copies elsewhere, from other stages, from outside the context, and configs only in the context", async () => {
    const result = await extract({
      "compose.yaml": `services:
  proxy:
    build: ./proxy
${SERVICES}`,
      "proxy/Dockerfile": `FROM nginx
COPY --from=builder /out/nginx.conf /etc/nginx/nginx.conf
COPY ../outside.conf /etc/nginx/conf.d/
COPY nginx.conf /opt/app/nginx.conf
`,
      "proxy/nginx.conf": "location / { proxy_pass http://api:8080; }\n",
      "proxy/unused.conf": "location / { proxy_pass http://web:3000; }\n",
      "outside.conf": "location / { proxy_pass http://admin:9000; }\n",
    });
    expect(calls(result.systems[0]!)).toEqual([]);
    expect(result.warnings.filter((warning) => warning.id === "compose/copied-config-missing")).toEqual([]);
  });
});
