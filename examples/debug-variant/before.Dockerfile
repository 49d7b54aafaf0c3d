FROM golang:1.27-trixie AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM debian:trixie-slim
RUN apt-get update && apt-get install -y curl procps net-tools
COPY --from=build /out/app /app
CMD ["/app"]
