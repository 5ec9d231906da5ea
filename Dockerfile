# Causa — self-hosted incident investigator.
# Build: docker build -t causa:0.1.0 .
# Run:   docker run --env-file causa.env -p 3000:3000 causa:0.1.0            (causa all: surfaces and a worker)
#        docker run --env-file causa.env causa:0.1.0 worker                   (more workers, CAUSA_STORE=redis)
#        docker run --env-file causa.env causa:0.1.0 export inv-...           (any causa command)
#
# Node 26 is the Active LTS line since October 2026; CI runs the test suite on Node 20, the oldest
# version package.json `engines` accepts. Bump both lines together with the next LTS.
ARG NODE_IMAGE=node:26-bookworm-slim

# --- build: compile TypeScript, then keep only the production dependencies ----------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime: what package.json `files` ships, non-root, nothing writable needed -----------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json README.md ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root manifests ./manifests
# The image's `node` user, by number, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/causa.js"]
# One process that receives alerts and investigates them: with the memory store `serve` would do the
# same, but with CAUSA_STORE=redis a `serve` only enqueues and needs `worker` processes beside it.
CMD ["all"]
