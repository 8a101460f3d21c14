import { describe, expect, it } from "vitest";
import { docs, service, workload } from "./__fixtures__/manifests.js";
import { kubernetesFormat } from "./index.js";

describe("connection strings beyond URLs", () => {
  it("reads a Go MySQL DSN passed as an argument and a JDBC URL in env, with the secrets redacted", async () => {
    const catalogue = workload("catalogue", {
      env: { DB_URL: "jdbc:sqlserver://orders-sql;password=tiger-1" },
    }).replace(
      "          image: example/catalogue:1.0\n",
      (line) => `${line}          args: ["-port=80", "-DSN=cat:tiger-2@tcp(catalogue-db:3306)/socks"]\n`,
    );
    const result = await kubernetesFormat.extract(
      [
        {
          path: "k8s/app.yaml",
          text: docs(
            catalogue,
            workload("catalogue-db", { image: "mysql:8" }),
            service("catalogue-db", { app: "catalogue-db" }),
            workload("orders-sql", { image: "mcr.microsoft.com/mssql/server:2022-latest" }),
            service("orders-sql", { app: "orders-sql" }),
          ),
        },
      ],
      { deadline: Date.now() + 60_000 },
    );
    const graph = result.systems[0]!;
    expect(graph.edges.map((edge) => `${edge.from}->${edge.to}`).sort()).toEqual([
      "catalogue->catalogue-db",
      "catalogue->orders-sql",
    ]);
    expect(JSON.stringify(graph.edges)).not.toMatch(/tiger-\d/);
  });
});
