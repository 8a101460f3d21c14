import { describe, expect, it } from "vitest";
import { imageBaseName, kindFromImage } from "./image-kind.js";

describe("imageBaseName", () => {
  it.each([
    ["postgres:16-alpine", "postgres"],
    ["bitnami/postgresql:16", "postgresql"],
    ["localhost:5000/team/redis:7", "redis"],
    ["ghcr.io/acme/api@sha256:0123abcd", "api"],
    ["mcr.microsoft.com/mssql/server:2022-latest", "mssql"],
    ["registry.k8s.io/ingress-nginx/controller:v1.10.0", "ingress-nginx"],
    ["${REGISTRY}/shop/api:${TAG}", "api"],
  ])("%s -> %s", (image, expected) => {
    expect(imageBaseName(image)).toBe(expected);
  });
});

describe("kindFromImage", () => {
  it.each([
    ["redis:7-alpine", "cache"],
    ["valkey/valkey:8", "cache"],
    ["rabbitmq:3-management", "queue"],
    ["confluentinc/cp-kafka:7.6.0", "queue"],
    ["apache/kafka:3.7.0", "queue"],
    ["nats:2", "queue"],
    ["postgres:16", "datastore"],
    ["mysql/mysql-server:8.0", "datastore"],
    ["mongo:7", "datastore"],
    ["ghcr.io/documentdb/documentdb/documentdb-local:pg17-0.112.0", "datastore"],
    ["ghcr.io/ferretdb/ferretdb:2", "datastore"],
    ["docker.elastic.co/elasticsearch/elasticsearch:8.13.0", "datastore"],
    ["minio/minio", "datastore"],
    ["nginx:1.27", "gateway"],
    ["traefik:v3.0", "gateway"],
    ["envoyproxy/envoy:v1.30-latest", "gateway"],
    ["springcommunity/spring-petclinic-api-gateway", "gateway"],
    ["kong/kong-gateway:3.6", "gateway"],
    ["docker.io/istio/examples-bookinfo-mongodb:1.20", "datastore"],
    ["acme/shop-redis:2", "cache"],
  ])("%s -> %s", (image, expected) => {
    expect(kindFromImage(image)).toBe(expected);
  });

  it.each([
    "mongo-express",
    "oliver006/redis_exporter",
    "provectuslabs/kafka-ui",
    "rediscommander/redis-commander",
    "redislabs/redisinsight:latest",
    "postgrest/postgrest:v12",
    "prometheuscommunity/postgres-exporter",
    "dpage/pgadmin4",
    "shop/payment-gateway",
    "node:20",
    "",
  ])("%s is no infrastructure kind", (image) => {
    expect(kindFromImage(image)).toBeUndefined();
  });
});
