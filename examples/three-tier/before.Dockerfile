FROM ubuntu:24.04
RUN apt-get update && apt-get install -y openjdk-17-jdk maven nodejs npm mysql-server
WORKDIR /app
COPY . .
RUN cd frontend && npm install && npm run build && cp -r dist/. ../backend/src/main/resources/static/
RUN cd backend && mvn package
ENV MYSQL_ROOT_PASSWORD=secret
EXPOSE 80 8080 3306
CMD service mysql start && java -jar backend/target/app.jar
