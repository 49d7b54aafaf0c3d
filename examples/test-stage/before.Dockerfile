FROM golang:1.27-trixie
WORKDIR /src
COPY . .
RUN go test ./... && go build -o /usr/local/bin/app ./cmd/app
CMD ["/usr/local/bin/app"]
