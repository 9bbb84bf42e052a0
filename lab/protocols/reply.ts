// What the protocol layer hands back to the server: an HTTP response, fully rendered.
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}
