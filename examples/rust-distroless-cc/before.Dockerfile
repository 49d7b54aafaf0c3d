FROM rust:1.98-slim-trixie
WORKDIR /app
COPY . .
RUN cargo build --release
EXPOSE 8080
CMD ./target/release/server
