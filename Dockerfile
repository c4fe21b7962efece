# Production image: build a static binary, ship it alone on a minimal base as a non-root user.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/portal ./cmd/portal

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/portal /portal
USER nonroot:nonroot
ENV APP_ENV=production LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/portal"]
CMD ["serve"]
