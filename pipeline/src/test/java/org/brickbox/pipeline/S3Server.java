package org.brickbox.pipeline;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for tests and benchmarks: s3proxy (its self-contained jar, copied from Maven Central
 * by the build into target/s3proxy) in its own JVM with an in-memory store and signature-checked credentials.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "brickbox-test";
  public static final String SECRET_KEY = "brickbox-test-secret";
  private static final Path JAR = Path.of("target/s3proxy/s3proxy.jar");

  private final Process process;
  private final int port;
  private final S3Client client;

  private S3Server(Process process, int port) {
    this.process = process;
    this.port = port;
    this.client = S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .forcePathStyle(true).build();
  }

  public static S3Server start(Path workDir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build with mvn");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        // Beam's S3 file system always sends x-amz-server-side-encryption-bucket-key-enabled, which s3proxy
        // otherwise refuses as unimplemented (AWS and MinIO accept it).
        "s3proxy.ignore-unknown-headers=true",
        "jclouds.provider=transient",
        "jclouds.identity=" + ACCESS_KEY,
        "jclouds.credential=" + SECRET_KEY, ""));
    Process process = new ProcessBuilder(javaBinary(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString(),
        "--properties", properties.toString())
        .redirectErrorStream(true).redirectOutput(workDir.resolve("s3proxy.log").toFile()).start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        break;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("s3proxy did not start: " + Files.readString(workDir.resolve("s3proxy.log")));
        }
        Thread.sleep(100);
      }
    }
    return new S3Server(process, port);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The BrickBox options that point a run at this server. */
  public List<String> options() {
    return List.of("--endpoint=" + endpoint(), "--awsRegion=us-east-1", "--s3PathStyleAccess=true",
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"" + ACCESS_KEY
            + "\",\"secretAccessKey\":\"" + SECRET_KEY + "\"}");
  }

  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  public void put(String bucket, String key, byte[] bytes) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  /** Every object under {@code prefix} by key relative to it, with its bytes. */
  public Map<String, byte[]> objects(String bucket, String prefix) {
    Map<String, byte[]> objects = new TreeMap<>();
    for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      objects.put(o.key().substring(prefix.length()),
          client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray());
    }
    return objects;
  }

  @Override
  public void close() {
    client.close();
    process.destroy();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
