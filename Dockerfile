# Skopia: the server and its built dashboard, for docker-compose.yml (see docs/operations.md).
# Two stages: the first has the compilers better-sqlite3 may need; the second only what runs.

FROM node:20-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt binary when one matches, and compiles from source otherwise.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The dashboard is built with dev dependencies (Vite, Svelte), which are then dropped.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    DATA_DIR=/data \
    BACKUP_DIR=/backups
# uid and gid 1883 are the mosquitto user's in the eclipse-mosquitto image: the passwd and acl files
# Skopia writes for Mosquitto (mode 0600) are then readable by Mosquitto in its own container.
RUN groupadd --system --gid 1883 skopia \
 && useradd --system --uid 1883 --gid skopia --create-home --home-dir /home/skopia --shell /usr/sbin/nologin skopia \
 && mkdir -p /data /backups /mosquitto-auth \
 && chown skopia:skopia /data /backups /mosquitto-auth
WORKDIR /app
# The code belongs to root: the server can read it, not change it.
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/server ./server
COPY --from=build /app/rules ./rules
COPY --from=build /app/data ./data
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/sensors ./sensors
COPY --from=build /app/dashboard/dist ./dashboard/dist
USER skopia
VOLUME ["/data", "/backups"]
EXPOSE 8080
# 200 when broker, ingest, store and self-check are well; 503 otherwise (docker ps shows "unhealthy").
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server stops ingest, flushes the stores and closes sockets on SIGTERM (up to 15 s).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/main.ts"]
