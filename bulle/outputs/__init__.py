"""Every file the site publishes besides its pages: feeds, open data, schemas, sitemap, search."""
