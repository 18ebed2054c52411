FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
COPY pyproject.toml README.md ./
COPY shared shared
COPY workflow workflow
COPY notifier notifier
COPY intake intake
COPY popflow popflow
# The English catalog is compiled in the build (the .mo files are not in git).
RUN pip install "babel>=2.14" && pybabel -q compile -d intake/translations && pip install .
RUN useradd --create-home popflow
USER popflow
EXPOSE 8000
CMD ["popflow", "web", "--port", "8000"]
