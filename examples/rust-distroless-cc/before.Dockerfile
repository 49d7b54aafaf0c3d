FROM rust:1.82
WORKDIR /app
COPY . .
RUN cargo build --release
EXPOSE 8080
CMD ./target/release/server
