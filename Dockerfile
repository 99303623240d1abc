# NOT BUILT OR RUN where it was written (that machine has the Docker client but no engine): test it before relying
# on it. One image for every process: API (default command), worker and the migration step (see compose.yaml).
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@12.21.0
COPY . .
# Dev dependencies too: the server runs its TypeScript through tsx, and the web client is built here.
RUN pnpm install --frozen-lockfile && pnpm --filter @dsd/web build
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/api/v1/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "server/src/server.ts"]
