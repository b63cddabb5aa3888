"""The site's pages: rendered from the content as Markdown and HTML, made safe where published."""
