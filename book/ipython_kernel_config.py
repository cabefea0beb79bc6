# IPython settings for the kernels that run the chapters when the book is
# built. The Makefile copies this file into $(BUILD_DIR)/ipython/profile_default
# and points IPYTHONDIR there for the build only: a reader's own Jupyter is
# left alone.
#
# Plots as SVG: vector pictures stay sharp on high-density screens and when a
# phone shrinks them to its width (PNGs at 100 dpi went soft). book/matplotlibrc
# sets their text size.
c = get_config()  # noqa: F821 - IPython's config loader provides it
c.InlineBackend.figure_formats = {"svg"}
