FROM golang:1.27-trixie AS build
WORKDIR /app
COPY . .
RUN go build -o api ./cmd/api

FROM gcr.io/distroless/base-debian10
COPY --from=build /app/api /
CMD ["/api"]
