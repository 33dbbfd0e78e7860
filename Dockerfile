# The API image used by docker-compose.yml (Neo4j backend).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml setup.py README.md ./
COPY tongxin ./tongxin
# gcc for setup.py to compile the place resolver with mypyc (without it the resolver runs as Python)
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && pip install --no-cache-dir . \
    && apt-get purge -y gcc libc6-dev && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
CMD ["tongxin", "serve", "--host", "0.0.0.0", "--port", "8000"]
