FROM python:3.14-alpine AS build
RUN apk add --no-cache build-base libffi-dev
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.14-alpine
WORKDIR /app
COPY --from=build /venv /venv
COPY app ./app
USER 65532:65532
CMD ["/venv/bin/python", "-m", "app"]
