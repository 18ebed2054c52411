FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# The application's exact versions first (a layer that changes only with the lock file).
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY shared shared
COPY workflow workflow
COPY notifier notifier
COPY intake intake
COPY popflow popflow
# The English catalog is compiled in the build (the .mo files are not in git); babel is in
# the lock. popflow itself without dependencies: they are all installed above.
RUN pybabel -q compile -d intake/translations && pip install --no-deps .
RUN useradd --create-home popflow
USER popflow
EXPOSE 8000
CMD ["popflow", "web", "--port", "8000"]
