package loom.cache.semantic;

import static loom.cache.semantic.GuardAssertions.assertPasses;
import static loom.cache.semantic.GuardAssertions.assertVetoes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Texts in different scripts or languages, or asking for different target languages, veto. */
class LanguageGuardTest {
  private final Guard guard = new LanguageGuard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      How do I reset my password? | Как сбросить мой пароль?
      How do I reset my password? | 如何重置我的密码？
      How do I reset my password? | كيف أعيد تعيين كلمة المرور؟
      How do I reset my password? | Πώς επαναφέρω τον κωδικό μου;
      How do I reset my password? | איך אני מאפס את הסיסמה שלי?
      How do I reset my password? | मैं अपना पासवर्ड कैसे रीसेट करूं?
      How do I reset my password? | Wie kann ich mein Passwort zurücksetzen?
      How do I reset my password? | Comment je peux réinitialiser mon mot de passe?
      How do I reset my password? | ¿Cómo puedo restablecer mi contraseña?
      How do I reset my password? | Come posso reimpostare la mia password?
      Translate thank you into French | Translate thank you into German
      Translate this to Spanish | Translate this to Italian
      How do you say hello in Japanese | Translate hello to Korean
      Wie kann ich mein Passwort zurücksetzen? | Hoe kan ik mijn wachtwoord resetten?
      Write a limerick about the sea | Write a limerick about the sea in Spanish
      Summarize this article, and answer in German | Summarize this article
      Explain photosynthesis | Explain photosynthesis in Italian
      """)
  void vetoes(String a, String b) {
    assertVetoes(guard, a, b);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      How do I reset my password? | how can i reset my password
      Explain git rebase | What does git rebase do?
      Can't log in to my account | I cannot log into my account
      Cancel my subscription | How do I cancel my subscription?
      Is shipping free over $50? | Do orders over $50 ship for free?
      What's the capital of Austria? | Tell me Austria's capital
      Convert 5 km to miles | how many miles is 5 km
      Translate thank you into French | How do you say thank you in French
      Translate this from English to German | Please translate this to German
      Как сбросить пароль? | Как мне сбросить пароль?
      Wie kann ich mein Passwort zurücksetzen? | Wie setze ich mein Passwort zurück?
      Translate hello | Translate hello please
      Explain a cat in a hat | Explain the cat in the hat
      Explain photosynthesis | Explain photosynthesis in English
      Explain photosynthesis in simple terms | Explain photosynthesis in plain English
      Wie kann ich mein Passwort zurücksetzen? | Wie kann ich mein Passwort zurücksetzen, in German bitte
      Setting up Nginx as a reverse proxy | How do I configure Nginx as a reverse proxy?
      Export a document as a PDF | How do I export a document as PDF?
      Is Spanish hard to learn? | Is learning Spanish hard?
      """)
  void passes(String a, String b) {
    assertPasses(guard, a, b);
  }
}
