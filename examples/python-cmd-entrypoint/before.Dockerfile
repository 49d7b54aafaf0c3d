FROM gcr.io/distroless/python3-debian13
WORKDIR /app
COPY report.py .
ENTRYPOINT python3 report.py
CMD ["--format", "text"]
