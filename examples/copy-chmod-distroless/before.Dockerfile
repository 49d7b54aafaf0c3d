FROM gcr.io/distroless/static-debian13:nonroot
COPY dist/probe /usr/local/bin/probe
RUN chmod 755 /usr/local/bin/probe
ENTRYPOINT ["/usr/local/bin/probe"]
