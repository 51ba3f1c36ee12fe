/** A problem at a field of an edited document (plan or scenario), with its line when known. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
  readonly line?: number | null;
}

/** The problems of an edited document as a list: the field path, its line when known, the message. */
export function IssueList(props: { readonly issues: readonly FieldIssue[] }) {
  return (
    <ul>
      {props.issues.map((i) => (
        <li key={`${i.path}:${i.line ?? ""}:${i.message}`} data-path={i.path}>
          <code>{i.path}</code>
          {i.line === undefined || i.line === null ? "" : ` (line ${i.line})`}: {i.message}
        </li>
      ))}
    </ul>
  );
}
