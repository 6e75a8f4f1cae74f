# Specwatch: the GitHub App server (`specwatch app`) and its workers (`specwatch worker`) from one image.
# Build:  docker build -t specwatch .
# Run:    docker run -p 3000:3000 --env-file .env specwatch            (web)
#         docker run --env-file .env specwatch worker                    (a worker; needs REDIS_URL)

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles a native module when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json \
    SPECWATCH_DB=/data/specwatch.db
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# `npm start` is the App server (Probot's convention); `docker run … specwatch npm run specwatch -- worker` (or
# `node dist/cli/main.js worker`) starts a worker from the same image.
CMD ["npm", "start"]
