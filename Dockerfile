# The API image used by docker-compose.yml (Neo4j backend).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY tongxin ./tongxin
RUN pip install --no-cache-dir .
CMD ["tongxin", "serve", "--host", "0.0.0.0", "--port", "8000"]
