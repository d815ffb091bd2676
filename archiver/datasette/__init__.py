"""What `archiver serve` adds to Datasette: metadata, plugins and the code behind them.

`plugins/` holds thin hook modules that Datasette loads with `--plugins-dir`; the logic they
call lives in this package (importable and tested like the rest of the project).
"""
