FROM golang:1.27-trixie AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -o /out/inventory ./cmd/inventory

FROM alpine:3.24
RUN apk add --no-cache gcompat
COPY --from=build /out/inventory /usr/local/bin/inventory
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/inventory"]
