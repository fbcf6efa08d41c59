/**
 * A metric's children, each made once per label values: prom-client's labels() builds and
 * validates a label object on every call, which on a removal's path happens several times per
 * request. Keys are the label values joined with a NUL, which no label value here contains.
 */
export class LabelledChildren<Child> {
  private readonly children = new Map<string, Child>();

  constructor(private readonly make: (...labelValues: string[]) => Child) {}

  get(...labelValues: string[]): Child {
    const key = labelValues.join("\0");
    let child = this.children.get(key);
    if (!child) this.children.set(key, (child = this.make(...labelValues)));
    return child;
  }
}
