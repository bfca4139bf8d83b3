/** Content script: the on-page overlay, snippet sharing, highlights and link marks. */

export {};
