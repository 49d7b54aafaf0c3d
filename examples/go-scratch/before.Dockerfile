FROM golang:1.27-trixie AS build
WORKDIR /app
COPY . .
RUN go build -o weather ./cmd/weather

FROM scratch
COPY --from=build /app/weather .
USER nonroot
CMD ["./weather"]
