FROM node:24 AS build
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build

FROM gcr.io/distroless/nodejs24-debian13
WORKDIR /app
COPY --from=build /app /app
CMD ["node", "dist/server.js"]
