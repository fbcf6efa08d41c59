# The membership facade as a container (README "Docker"):
#   docker build -t membership-facade .
#   docker run --rm -p 4000:4000 -p 9464:9464 -e SIMULATORS=true membership-facade   # demo: both providers simulated
# A real deployment passes each provider's variables (BLUESHIFT_API_KEY; USERGRID_BASE_URL, USERGRID_ORG,
# USERGRID_APP, USERGRID_CLIENT_ID, USERGRID_CLIENT_SECRET) and AUTH_* with -e or --env-file, and
# no SIMULATORS. With NODE_ENV=production (below) a provider without credentials is refused at start
# unless SIMULATORS=true: a simulator's "removed" is not a real user leaving a real group (docs/contract.md §3).
# test/e2e/container.test.ts starts the server with this file's CMD (the demo's -e above, and without
# it checks the refusal), sends SIGTERM and checks the clean shutdown, runs its HEALTHCHECK, and
# checks its V8 flags against package.json's start script.

# Node 24, the active LTS line, as package.json's engines says (docs/contract.md §16).
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: every dependency (TypeScript is a dev dependency), then `npm run build` into dist/.
# --ignore-scripts: outside a container the project brings its own Node 24 as the dev dependency
# `node`, whose preinstall script downloads a second Node binary (node-linux-<arch>, ~125 MB, by a
# nested `npm install` that package-lock.json does not pin). The image's Node is already 24, and the
# build stage only runs tsc, so that download would be wasted time and a needless fetch: skipped,
# npm links no node_modules/.bin/node, and `npm run build` runs on the image's node. The other
# install scripts in the tree (protobufjs's version notices, msgpackr-extract's optional native
# build) are not needed to compile either. The run stage's `npm ci --omit=dev` leaves the `node`
# package out altogether, so nothing of it reaches the image.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run: production dependencies only, the compiled server, and the persisted-document manifest
# that TRUSTED_DOCUMENTS_ONLY=true reads (src/plugins/trusted-documents.ts).
FROM ${NODE_IMAGE} AS run
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY examples/client/generated/persisted-documents.json ./examples/client/generated/
# Reachable from outside the container; the files above stay root's, so the server cannot change them.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 METRICS_PORT=9464
USER node
# GraphQL, then /metrics (expose that one to the scraper only).
EXPOSE 4000 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=15s --retries=3 CMD ["node", "dist/healthcheck.js"]
# Node itself is PID 1, with no shell or npm between it and `docker stop`: it receives SIGTERM,
# drains the requests in flight and exits 0 (src/main.ts). It starts no child processes, so there
# is nothing for an init to reap; `docker run --init` adds one if wanted. The V8 flags are npm
# start's (package.json, explained in the README); a test fails when the two lists differ.
CMD ["node", "--max-semi-space-size=16", "--min-semi-space-size=16", "--no-allocation-site-pretenuring", "--heap-growing-percent=30", "--no-minor-gc-task", "--liftoff-only", "dist/main.js"]
