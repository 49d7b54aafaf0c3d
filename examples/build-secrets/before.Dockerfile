FROM node:24-trixie-slim
WORKDIR /app
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && rm .npmrc
COPY src ./src
CMD ["node", "src/server.js"]
