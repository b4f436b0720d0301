import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Parses every .java file under a directory with the javac parser (syntax only: no dependencies,
 * no type attribution). Used by scripts/bindings-check.sh on the jsii-pacmak Java output.
 * Run with: java scripts/JavaParseCheck.java DIR
 */
public class JavaParseCheck {
  public static void main(String[] args) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
      files = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, null)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      JavacTask task = (JavacTask) javac.getTask(null, fm, diags, List.of("-proc:none"), null, units);
      task.parse();
    }
    long errors = 0;
    for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors++;
        System.err.println(d);
      }
    }
    System.out.println("JavaParseCheck: " + files.size() + " files, " + errors + " syntax errors");
    System.exit(errors == 0 && !files.isEmpty() ? 0 : 1);
  }
}
