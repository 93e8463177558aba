# syntax=docker/dockerfile:1
# soc2 as a container, for teams that schedule it outside GitHub Actions (Kubernetes CronJob, ECS, Nomad, cron).
#   docker build -t soc2 .
#   docker run --rm -v "$PWD:/work" soc2 collect             # soc2.config.yaml and evidence/ in the current folder
#   docker run --rm soc2 collect --demo --evidence-dir /tmp/evidence
# Credentials come from the runtime (task role, IRSA, env vars the config references), never from the image.

# --- build: compile, then pack exactly what `npm publish` would ship ----------------------------------------------
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mkdir /app && tar -xzf /tmp/soc2-*.tgz -C /app --strip-components=1 \
 && cp package-lock.json /app/ \
 && cd /app && npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime: the packed CLI and its runtime dependencies, as a non-root user ------------------------------------
FROM node:24-slim
ENV NODE_ENV=production CI=true
COPY --from=build /app /opt/soc2
RUN ln -s /opt/soc2/bin/soc2.js /usr/local/bin/soc2 \
 && mkdir /work && chown node:node /work
USER node
WORKDIR /work
ENTRYPOINT ["soc2"]
CMD ["--help"]
