FROM golang:1.27-trixie AS build
WORKDIR /src
COPY . .
RUN go build -o /out/inventory ./cmd/inventory

FROM alpine:3.24
COPY --from=build /out/inventory /usr/local/bin/inventory
CMD ["inventory"]
