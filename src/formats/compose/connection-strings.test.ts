import { describe, expect, it } from "vitest";
import { composeFormat } from "./index.js";

const extract = (text: string) =>
  composeFormat.extract([{ path: "compose.yaml", text }], { deadline: Date.now() + 60_000 });

// Every shape below names its host in a way that is not a URL; each secret must stay out of the evidence.
const COMPOSE = `services:
  catalog:
    build: ./catalog
    environment:
      - DSN=catalog:tiger-1@tcp(catalog-db:3306)/socks
  orders:
    build: ./orders
    environment:
      SPRING_DATASOURCE_URL: "jdbc:sqlserver://orders-sql;databaseName=orders;password=tiger-2"
      ConnectionStrings__Ordering: "Server=orders-sql,1433;Database=orders;User Id=sa;Password=tiger-3"
      ConnectionStrings__EventBus: bus
  basket:
    build: ./basket
    environment:
      ConnectionStrings__Redis: "basket-cache:6379,password=tiger-4,ssl=False"
      PG_CONN: "host=basket-pg port=5432 dbname=basket password=tiger-5"
      KAFKA_BOOTSTRAP_SERVERS: kafka-1:9092,kafka-2:9092
      MONGO_URL: "mongodb://app:tiger-6@mongo-a:27017,mongo-b:27017/basket?replicaSet=rs0"
      ORACLE_URL: "jdbc:oracle:thin:scott/tiger-7@//ora:1521/XE"
  catalog-db: { image: mysql:8 }
  orders-sql: { image: mcr.microsoft.com/mssql/server:2022-latest }
  bus: { image: rabbitmq:3 }
  basket-cache: { image: redis:7 }
  basket-pg: { image: postgres:16 }
  kafka-1: { image: bitnami/kafka:3 }
  kafka-2: { image: bitnami/kafka:3 }
  mongo-a: { image: mongo:7 }
  mongo-b: { image: mongo:7 }
  ora: { image: gvenzl/oracle-xe:21 }
`;

describe("connection strings beyond URLs", () => {
  it("reads Go MySQL DSNs, JDBC, ADO.NET, libpq, Redis and Kafka host lists and MongoDB seed lists", async () => {
    const graph = (await extract(COMPOSE)).systems[0]!;
    const calls = graph.edges.map((edge) => `${edge.from}->${edge.to}`).sort();
    expect(calls).toEqual([
      "basket->basket-cache",
      "basket->basket-pg",
      "basket->kafka-1",
      "basket->kafka-2",
      "basket->mongo-a",
      "basket->mongo-b",
      "basket->ora",
      "catalog->catalog-db",
      "orders->bus",
      "orders->orders-sql",
    ]);
  });

  it("keeps every password out of the evidence", async () => {
    const graph = (await extract(COMPOSE)).systems[0]!;
    const evidence = JSON.stringify(graph.edges.flatMap((edge) => edge.evidence));
    expect(evidence).not.toMatch(/tiger-\d/);
    expect(evidence).toContain("catalog:***@tcp(catalog-db:3306)/socks");
    expect(evidence).toContain("Password=***");
  });
});
