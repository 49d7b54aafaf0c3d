FROM golang:1.24 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/inventory ./cmd/inventory

FROM alpine:3.20
COPY --from=build /out/inventory /usr/local/bin/inventory
CMD ["inventory"]
