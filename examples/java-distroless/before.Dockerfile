FROM openjdk:17-slim
WORKDIR /app
RUN apt-get update && apt-get install -y maven
COPY . .
RUN mvn package
CMD java -jar target/app.jar
