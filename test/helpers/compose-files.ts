/** Compose files as apps ship them: one with the usual mistakes, one hardened. */

/** db publishes 5432 on every address and runs as root; web drops nothing and mounts the Docker socket. */
export const INSECURE_COMPOSE = `services:
  db:
    image: postgres:16
    user: root
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}
    ports:
      - "5432:5432"
    volumes:
      - ./pgdata:/var/lib/postgresql/data
  web:
    image: ghcr.io/example/app:1.4.2
    ports:
      - "8080:8080"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
    depends_on: [db]
`;

/** The same app, hardened: shared settings through an anchor and a merge key, as compose files often do. */
export const HARDENED_COMPOSE = `x-hardened: &hardened
  user: "1000:1000"
  cap_drop: [ALL]
  security_opt: ["no-new-privileges:true"]
  read_only: true
  tmpfs: [/tmp]

services:
  db:
    <<: *hardened
    image: postgres:16
    user: "999:999"
    ports:
      - "127.0.0.1:5432:5432"
    mem_limit: 1g
    cpus: 1.5
    volumes:
      - ./pgdata:/var/lib/postgresql/data
  web:
    <<: *hardened
    image: ghcr.io/example/app:1.4.2
    ports:
      - "8080:8080"
      - target: 9000
        host_ip: 127.0.0.1
        published: "9000"
    deploy:
      resources:
        limits:
          cpus: "0.50"
          memory: 512M
`;
