# Causa — self-hosted incident investigator.
# Build: docker build -t causa .   Run: docker run --env-file causa.env -p 3000:3000 causa
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
RUN npm ci --ignore-scripts && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY manifests ./manifests
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/causa.js"]
CMD ["serve"]
