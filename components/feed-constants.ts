/** Items per feed request, shared by the server's first page and the browser's next pages. */
export const FEED_PAGE_SIZE = 48;
