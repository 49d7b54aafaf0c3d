FROM rust:1.98-slim-trixie AS builder
WORKDIR /app
COPY . .
RUN cargo build --release --locked --bin server

FROM gcr.io/distroless/cc-debian13:nonroot
COPY --from=builder /app/target/release/server /usr/local/bin/server
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/server"]
