# syntax=docker/dockerfile:1
# Multi-stage build: compile TypeScript in a build stage, ship only production dependencies and dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY tools ./tools
COPY workflows ./workflows
RUN npm run build
# Temporal workflows bundled ahead of time (bundleWorkflowCode): the worker loads dist/workflows/remediate.bundle.js
# instead of running webpack at start-up, and a workflow that does not bundle fails the image build.
RUN node dist/src/workflows/temporal/bundle-workflows.js dist/workflows/remediate.bundle.js

FROM node:20-bookworm-slim AS runtime
# Binding 0.0.0.0 means authentication is required: `aiops serve` exits 2 unless a tokens file (or OIDC) is
# configured. Mount the file at this path (README "Security": how to create tokens) and set AIOPS_ALLOWED_HOSTS to
# the name clients use. AIOPS_INSECURE_API=true would start it open; do not.
ENV NODE_ENV=production \
    AIOPS_HOST=0.0.0.0 \
    AIOPS_API_TOKENS_FILE=/run/secrets/aiops-tokens.json \
    AIOPS_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY prompts ./prompts
COPY knowledge ./knowledge
COPY manifest.yml ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4318 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.AIOPS_HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/aiops.js"]
CMD ["serve"]
