import { describe, expect, it } from "vitest";
import { finalBaseImage } from "./dockerfile.js";
import { kindFromName } from "./image-kind.js";

describe("finalBaseImage", () => {
  it.each([
    ["FROM mysql:8.0\nCOPY seed.sql /docker-entrypoint-initdb.d/\n", "mysql:8.0"],
    [
      "FROM node:20 AS build\nRUN npm ci\nFROM nginx:1.27-alpine\nCOPY --from=build /app /usr/share/nginx\n",
      "nginx:1.27-alpine",
    ],
    ["FROM --platform=$BUILDPLATFORM postgres:16 AS base\nFROM base AS final\n", "postgres:16"],
    ["ARG IMAGE=redis\nFROM ${IMAGE}\n", undefined],
    ["ARG VERSION\nFROM eventuateio/eventuate-mysql8:$VERSION\n", "eventuateio/eventuate-mysql8"],
    ["FROM registry.local:5000/postgres:${PG}\n", "registry.local:5000/postgres"],
    ["FROM ${REGISTRY}/postgres:16\n", undefined],
    ["FROM golang:1.22 AS build\nFROM scratch\n", undefined],
    ["# no stages\n", undefined],
  ])("%j -> %s", (text, image) => {
    expect(finalBaseImage(text)).toBe(image);
  });
});

describe("kindFromName", () => {
  it.each([
    ["orders-db", "datastore"],
    ["catalogue_database", "datastore"],
    ["session-cache", "cache"],
    ["events-queue", "queue"],
    ["edge-router", "gateway"],
    ["api-gateway", "gateway"],
    ["auth-proxy", "gateway"],
    ["db", "datastore"],
    ["database-primary", "datastore"],
    ["database-replica", "datastore"],
    ["db-0", "datastore"],
    ["cache-replica-1", "cache"],
    ["primary", undefined],
    ["orders-primary", undefined],
    ["queue-master", undefined],
    ["db-migrate", undefined],
    ["dbadmin", undefined],
    ["orders", undefined],
  ])("%s -> %s", (name, kind) => {
    expect(kindFromName(name)).toBe(kind);
  });
});
