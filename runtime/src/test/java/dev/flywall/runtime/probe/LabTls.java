package dev.flywall.runtime.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for the lab's HTTPS servers and a client context that trusts only it.
 *
 * @param server the servers' context, holding the key
 * @param client the probes' context, trusting the certificate
 */
record LabTls(SSLContext server, SSLContext client) {

    /** A certificate for the subject alternative names {@code san}, in keytool's form ("ip:203.0.113.1,dns:www.example"). */
    static LabTls forNames(String san) throws Exception {
        Path dir = Files.createTempDirectory("fwt-probe-tls");
        Path keystore = dir.resolve("lab.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            Process keytool = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "keytool")
                                    .toString(),
                            "-genkeypair",
                            "-alias",
                            "lab",
                            "-keyalg",
                            "EC",
                            "-groupname",
                            "secp256r1",
                            "-dname",
                            "CN=lab",
                            "-ext",
                            "san=" + san,
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            keystore.toString(),
                            "-storepass",
                            "changeit",
                            "-keypass",
                            "changeit")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(keytool.getInputStream().readAllBytes());
            assertThat(keytool.waitFor()).as(out).isZero();
            try (var in = Files.newInputStream(keystore)) {
                ks.load(in, "changeit".toCharArray());
            }
        } finally {
            Files.deleteIfExists(keystore);
            Files.delete(dir);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ks);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);
        return new LabTls(server, client);
    }
}
