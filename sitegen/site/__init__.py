"""The registry turned into files: routes, pages, views, render, exports, search, writing."""
