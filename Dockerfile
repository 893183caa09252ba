# Tally in a container: built with the Maven wrapper, run on a JRE as a non-root user.
#   docker build -t tally .
#   docker run -d -p 8080:8080 -v tally-data:/data --name tally tally
# The tests do not build this image (no Docker engine where they run); PackagingTest checks what it says.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY app/pom.xml app/
COPY app/src/ app/src/
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 tally \
 && useradd --system --uid 10001 --gid tally --home-dir /data --shell /usr/sbin/nologin tally \
 && mkdir /data && chown tally:tally /data
COPY --from=build /src/app/target/tally.jar /opt/tally/tally.jar
USER tally
WORKDIR /data
ENV TALLY_DB=/data/tally.db \
    TALLY_HOST=0.0.0.0 \
    TALLY_PORT=8080
VOLUME /data
EXPOSE 8080
# The JRE image has no curl: ask /healthz through bash's /dev/tcp.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${TALLY_PORT} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# java is PID 1 and stops in order on the SIGTERM of `docker stop` (within its 10 s).
ENTRYPOINT ["java", "-Xmx128m", "-XX:+UseSerialGC", "-jar", "/opt/tally/tally.jar"]
