// Test data: bodies captured from kubectl v1.32.4 (POSTs to a loopback listener), each expected to decode to what
// `kubectl … --dry-run=client -o json` prints for the same command, less `creationTimestamp: null`.
export interface KubectlBody {
  command: string;
  hex: string;
  want: Record<string, unknown>;
}

export const kubectlBodies: KubectlBody[] = [
  {
    command: 'kubectl create namespace ns1',
    hex: '6b3873000a0f0a02763112094e616d657370616365121b0a130a036e733112001a0022002a0032003800420012001a020a001a002200',
    want: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns1' }, spec: {}, status: {} },
  },
  {
    command: 'kubectl create deployment web --image=nginx --replicas=0 -n default',
    hex: '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b2010a260a0377656212001a0764656661756c7422002a003200380042005a0a0a036170701203776562127a0800120c0a0a0a0361707012037765621a600a1c0a0012001a0022002a003200380042005a0a0a036170701203776562124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
    want: {
      kind: 'Deployment', apiVersion: 'apps/v1',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
        strategy: {},
      },
      status: {},
    },
  },
  {
    command: 'kubectl create service clusterip svc1 --tcp=80:http -n default',
    hex: '6b3873000a0d0a02763112075365727669636512760a280a047376633112001a0764656661756c7422002a003200380042005a0b0a0361707012047376633112460a1e0a0738302d6874747012035443501850220a080110001a04687474702800120b0a036170701204737663311a002209436c757374657249503a00420052005a00600068001a020a001a002200',
    want: {
      kind: 'Service', apiVersion: 'v1',
      metadata: { name: 'svc1', namespace: 'default', labels: { app: 'svc1' } },
      spec: { ports: [{ name: '80-http', protocol: 'TCP', port: 80, targetPort: 'http' }], selector: { app: 'svc1' }, type: 'ClusterIP' },
      status: { loadBalancer: {} },
    },
  },
  {
    command: 'kubectl create secret generic bin2 --from-file=b=<bytes 00 ff 10> -n default',
    hex: '6b3873000a0c0a027631120653656372657412290a1b0a0462696e3212001a0764656661756c7422002a0032003800420012080a0162120300ff101a001a002200',
    want: { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'bin2', namespace: 'default' }, data: { b: 'AP8Q' } },
  },
  {
    command: 'kubectl auth can-i get pods -n default',
    hex: '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c0a0764656661756c7412036765741a0022002a04706f647332003a001a08080012001a0020001a002200',
    want: {
      kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } },
      status: { allowed: false },
    },
  },
];
